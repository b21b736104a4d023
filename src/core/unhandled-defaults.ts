// Live unhandled signatures tracked by default (unhandled_max_signatures, UNHANDLED_MAX_SIGNATURES), and the most any
// setting may allow. A signature costs about 1.6 KiB of Redis with a full 1 KiB sample: ~80 MiB at the default,
// ~1.5 GiB at the limit (docs/hardening.md).
export const UNHANDLED_MAX_SIGNATURES_DEFAULT = 50_000;
export const UNHANDLED_MAX_SIGNATURES_LIMIT = 1_000_000;
