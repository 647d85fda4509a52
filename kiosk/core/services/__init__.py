"""The public services (appointment, complaint, evaluation, progress, guide, navigation, notices...) as pure state
machines."""
