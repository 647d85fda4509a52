"""The demo/test platform: a real HTTP server on loopback that serves the contract (never imported by ui/ or runtime/ except to start it)."""
