"""The public services (appointment, complaint, evaluation, progress, guide...) as pure state machines."""
