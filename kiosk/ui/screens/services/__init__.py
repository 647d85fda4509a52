"""The public services' screens, one module and .kv each, over core/services' state machines."""
