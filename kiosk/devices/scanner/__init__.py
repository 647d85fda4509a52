"""Code sources: serial scanners, keyboard-wedge scanners, codes read from a camera."""
