"""Foundations every layer may use: config, validation, errors, logs, storage, assets, i18n, privacy, text width."""
