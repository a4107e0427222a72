import Foundation

/// Runs `transform` over `items` on up to `maximumConcurrency` threads and returns the results in
/// the items' order, whatever order they finish in. `onResult` is called (serially) as each
/// result is ready, for progress and streaming output. Once `shouldStop` returns true no new item
/// is started; the items in flight finish and only the finished results are returned.
func parallelMap<Item: Sendable, Result: Sendable>(
    _ items: [Item],
    maximumConcurrency: Int,
    shouldStop: @Sendable () -> Bool = { false },
    transform: @Sendable (Item) -> Result,
    onResult: @Sendable (Int, Result) -> Void = { _, _ in }
) -> [Result] {
    let state = ParallelMapState<Result>(count: items.count)
    let workers = max(1, min(maximumConcurrency, items.count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while !shouldStop(), let index = state.nextIndex() {
            let result = transform(items[index])
            state.store(result, at: index, notify: onResult)
        }
    }
    return state.results()
}

private final class ParallelMapState<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var slots: [Result?]

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func nextIndex() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ result: Result, at index: Int, notify: (Int, Result) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = result
        notify(index, result)
    }

    func results() -> [Result] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
