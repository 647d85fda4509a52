"""Soak runs: thousands of simulated citizens at the real runtime, with faults, and an audit of what reached the
platform (`kiosk soak`; kiosk.soak.run.run_soak)."""
