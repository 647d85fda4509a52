"""Kivy only: the app (window, screens, header, idle dialog), Kivy set-up and style, screens, widgets, voice, screenshots."""
