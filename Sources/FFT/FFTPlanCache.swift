internal import CFFTW

#if canImport(Glibc)
import Glibc
#endif

/// One FFTW real-to-complex plan of a given size. Owns the `fftwf_plan` (destroyed in `deinit`).
/// Plans are created only through `FFTPlanCache`, under its lock, because FFTW planning is not
/// thread-safe; executing a plan on other (aligned) buffers is.
final class FFTPlan: @unchecked Sendable {
    let size: Int
    let plan: fftwf_plan

    init?(size: Int) {
        guard size >= 2,
              let input = fftwf_alloc_real(size),
              let output = fftwf_alloc_complex(size / 2 + 1) else { return nil }
        defer {
            fftwf_free(input)
            fftwf_free(output)
        }
        guard let plan = fftwf_plan_dft_r2c_1d(Int32(size), input, output, UInt32(FFTW_ESTIMATE)) else {
            return nil
        }
        self.size = size
        self.plan = plan
    }

    deinit {
        FFTPlanCache.shared.withLock { fftwf_destroy_plan(plan) }
    }
}

/// Process-wide cache of FFT plans by size: each size is planned once, under a lock, and reused.
final class FFTPlanCache: @unchecked Sendable {
    static let shared = FFTPlanCache()

    private var mutex = pthread_mutex_t()
    private var plans: [Int: FFTPlan] = [:]

    private init() {
        pthread_mutex_init(&mutex, nil)
    }

    /// Runs `body` while holding the planner lock.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }

    /// The plan for `size`, created on first use.
    func plan(size: Int) -> FFTPlan? {
        withLock {
            if let plan = plans[size] { return plan }
            let plan = FFTPlan(size: size)
            plans[size] = plan
            return plan
        }
    }
}
