"""ESC/POS bytes: the writer, the reader (used by the virtual printer) and the paper they draw."""
