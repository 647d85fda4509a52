"""Demo states and content for screenshots and the 演示 controls, reached through the real engines."""
