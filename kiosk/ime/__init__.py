"""Text input without a physical keyboard: the pinyin engine and its lexicon."""
