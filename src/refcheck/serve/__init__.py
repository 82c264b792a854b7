"""`refcheck serve`: the editorial office's web page and JSON API over the verify pipeline.

    app.py       Flask routes: upload page, check pages, history, the JSON API
    service.py   the queue, worker threads and the ONE shared Resolver
    store.py     the SQLite job store under --data-dir (checks survive restarts)
    inputs.py    an upload or pasted text → bytes, safe display name, parsed document
    security.py  host/origin checks, optional token, response headers
    command.py   the click command (imports Flask and waitress only when it runs)
"""
