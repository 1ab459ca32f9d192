//! The instruction sets the batched kernel ([`super::batch`]) is built for, and the widest
//! this CPU runs.

/// The instruction sets the batched kernel has a build for: every one gives the same bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Simd {
    /// The build's baseline (SSE2 on x86_64; what the browser's wasm runs), 4 detections a block.
    Portable,
    /// AVX2, 4 detections a block (one register).
    Avx2,
    /// AVX-512F, 8 detections a block (one register).
    Avx512,
}

impl Simd {
    /// The widest this CPU runs, unless `XCLASS_SIMD` (`portable`, `avx2`, `avx512`) names
    /// another it runs (for A/B timing); read once.
    pub fn best() -> Simd {
        static BEST: std::sync::OnceLock<Simd> = std::sync::OnceLock::new();
        *BEST.get_or_init(|| {
            let wanted = std::env::var("XCLASS_SIMD")
                .ok()
                .and_then(|v| Simd::ALL.into_iter().find(|s| s.name() == v));
            let widest = Simd::ALL
                .into_iter()
                .rev()
                .find(|s| s.supported())
                .unwrap_or(Simd::Portable);
            wanted.filter(|w| w.supported()).unwrap_or(widest)
        })
    }

    /// All of them, narrowest first.
    pub const ALL: [Simd; 3] = [Simd::Portable, Simd::Avx2, Simd::Avx512];

    /// The name `XCLASS_SIMD` takes.
    pub fn name(self) -> &'static str {
        match self {
            Simd::Portable => "portable",
            Simd::Avx2 => "avx2",
            Simd::Avx512 => "avx512",
        }
    }

    /// Whether this CPU runs it.
    pub fn supported(self) -> bool {
        match self {
            Simd::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Simd::Avx2 => std::arch::is_x86_feature_detected!("avx2"),
            #[cfg(target_arch = "x86_64")]
            Simd::Avx512 => std::arch::is_x86_feature_detected!("avx512f"),
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }
}
