"""Made-up BSNs for the demo (issue 17): numbers that pass the elfproef, nobody's BSN."""


def demo_bsn(n: int) -> str:
    prefix = 20_000_000 + n * 13
    while True:
        digits = f"{prefix:08d}"
        check = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
        if check < 10:
            return digits + str(check)
        prefix += 1
