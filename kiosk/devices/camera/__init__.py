"""Cameras: the frame grabber, the document capture worker, the preview feed."""
