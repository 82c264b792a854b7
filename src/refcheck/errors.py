"""Exceptions that cross module boundaries. The CLI turns each into one line and an exit status."""


class RefcheckError(Exception):
    """Base of refcheck's own errors."""


class InputError(RefcheckError):
    """The input could not be read or understood (exit status 2)."""


class SourceError(RefcheckError):
    """A service failed (network, 5xx, 429 after retries, unparseable body).

    Never means "no such record": that is an empty answer, not an exception.
    """

    def __init__(self, service: str, message: str):
        super().__init__(f"{service}: {message}")
        self.service = service


class OfflineMiss(SourceError):
    """--offline and the cache does not hold the answer."""


class CacheError(RefcheckError):
    """The cache folder cannot be used (not a folder, not writable, read-only disk): exit 2."""
