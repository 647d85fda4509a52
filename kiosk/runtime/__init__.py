"""Kivy-free runtime: the controller, devices and platform built off the UI thread, the flow's actions, heartbeat, metrics, stats, watchdog."""
