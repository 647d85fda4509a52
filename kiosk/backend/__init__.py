"""What runs on a terminal to speak to the province/county platform (the sandbox, its demo stand-in, is kiosk.sandbox).

    client.PlatformClient   signed HTTPS calls of the contract (openapi.yaml, checked by contract.py), answers as
                            kiosk.core.results values, typed errors with plain-words messages (errors.py)
    outbox.Outbox           encrypted durable queue of submissions, sent exactly once (sealing.py, keyfile.py)
    signing                 the request signature (method, path, query string, body, nonce)

kiosk.runtime.platform.open_backend builds all of it from [backend], with the embedded sandbox when asked.
"""
