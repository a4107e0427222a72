internal import CFFTW

#if canImport(Glibc)
import Glibc
#endif

/// Which way a plan transforms: real samples to their spectrum, or a Hermitian spectrum back to
/// real samples.
enum FFTDirection: Hashable, Sendable {
    case forward
    case inverse
}

/// One FFTW real-to-complex (or complex-to-real) plan of a given size. Owns the `fftwf_plan`
/// (destroyed in `deinit`).
/// Plans are created only through `FFTPlanCache`, under its lock, because FFTW planning is not
/// thread-safe; executing a plan on other (aligned) buffers is.
final class FFTPlan: @unchecked Sendable {
    let size: Int
    let plan: fftwf_plan

    init?(size: Int, direction: FFTDirection) {
        guard size >= 2,
              let input = fftwf_alloc_real(size),
              let output = fftwf_alloc_complex(size / 2 + 1) else { return nil }
        defer {
            fftwf_free(input)
            fftwf_free(output)
        }
        let planned = switch direction {
        case .forward: fftwf_plan_dft_r2c_1d(Int32(size), input, output, UInt32(FFTW_ESTIMATE))
        case .inverse: fftwf_plan_dft_c2r_1d(Int32(size), output, input, UInt32(FFTW_ESTIMATE))
        }
        guard let plan = planned else { return nil }
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
    private var plans: [PlanKey: FFTPlan] = [:]

    private struct PlanKey: Hashable {
        var size: Int
        var direction: FFTDirection
    }

    private init() {
        pthread_mutex_init(&mutex, nil)
    }

    /// Runs `body` while holding the planner lock.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }

    /// The plan for `size` and `direction`, created on first use.
    func plan(size: Int, direction: FFTDirection = .forward) -> FFTPlan? {
        let key = PlanKey(size: size, direction: direction)
        return withLock {
            if let plan = plans[key] { return plan }
            let plan = FFTPlan(size: size, direction: direction)
            plans[key] = plan
            return plan
        }
    }
}
