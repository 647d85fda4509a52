"""The ID card reader: SAM frames (protocol), the text and photo blocks, the polling reader."""
