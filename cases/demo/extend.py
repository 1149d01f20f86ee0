"""Hook for later capabilities (chain register, notices) to add their demo data."""


def extend_demo(stdout) -> None:
    return None
