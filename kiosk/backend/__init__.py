"""The kiosk's link to the province/county platform.

    services.open_backend(config)   everything below, built from [backend] (the app calls this once)
    client.PlatformClient           signed HTTPS calls of the contract (openapi.yaml), typed results (results.py),
                                    typed errors with Chinese messages (errors.py)
    outbox.Outbox                   encrypted durable queue of submissions, sent exactly once
    sandbox.start_sandbox           the demo platform on loopback (sandbox_api.py, sandbox_data.py, sandbox_store.py)
    stations.load_stations          the station directory, config/stations.yaml
"""
