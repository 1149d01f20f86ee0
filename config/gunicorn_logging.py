"""gunicorn access log without secrets: the citizen's tracking link is masked."""

from gunicorn.glogging import Logger

from config.sentry import scrub_text


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "q"):
            if isinstance(atoms.get(key), str):
                atoms[key] = scrub_text(atoms[key])
        return atoms
