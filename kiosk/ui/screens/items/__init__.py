"""The steps of an item (identify, form, materials, confirm, working, result, rate), one module and .kv each."""
