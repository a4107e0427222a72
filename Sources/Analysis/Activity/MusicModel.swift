/// A gradient-boosted ensemble of regression trees over `MusicEvidence`'s features: the sum of
/// one leaf value per tree plus a baseline is the log-odds that a window is music rather than a
/// voice (or noise). Trained offline by `scripts/train-music-model`, which writes
/// `MusicModel+Trained.swift`; see docs/speech-activity.md, "Recorded music".
struct MusicModel: Sendable {
    /// One node: a split (a feature value at most `threshold` goes to `left`, others to `right`;
    /// indices are absolute) or a leaf (`feature == MusicModel.leaf`) with its `value`.
    struct Node: Sendable {
        var feature: UInt8
        var threshold: Float
        var left: Int32
        var right: Int32
        var value: Float
    }

    static let leaf: UInt8 = 255
    /// See `verdictScore`: log-odds.
    private static let exitMargin: Float = 1e-3

    let nodes: [Node]
    /// Index of each tree's root.
    let roots: [Int32]
    let baseline: Float
    /// Log-odds above which a window is music.
    let threshold: Float
    /// For each tree, the sums of the largest and of the smallest leaf values of the trees after
    /// it: once the sum so far plus the one stays at or under the threshold, or plus the other
    /// stays over it, the remaining trees cannot change the verdict (`verdictScore`).
    private let largestAfter: [Float]
    private let smallestAfter: [Float]

    /// The ensemble, node by node: `features[i]` (`leaf` for a leaf), `thresholds[i]`, `left[i]`
    /// and `right[i]` (absolute indices) and `values[i]` (a leaf's value).
    init(
        features: [UInt8], thresholds: [Float], left: [Int32], right: [Int32], values: [Float], roots: [Int32],
        baseline: Float, threshold: Float
    ) {
        precondition([thresholds.count, left.count, right.count, values.count].allSatisfy { $0 == features.count })
        let built = features.indices.map {
            Node(feature: features[$0], threshold: thresholds[$0], left: left[$0], right: right[$0], value: values[$0])
        }
        // Children come after their parent (so every walk ends at a leaf) and inside the table.
        precondition(built.indices.allSatisfy { i in
            let node = built[i]
            return node.feature == Self.leaf || (Int(node.feature) < MusicEvidence.featureCount
                && (i + 1..<built.count).contains(Int(node.left)) && (i + 1..<built.count).contains(Int(node.right)))
        })
        precondition(roots.allSatisfy { built.indices.contains(Int($0)) })
        nodes = built
        self.roots = roots
        self.baseline = baseline
        self.threshold = threshold
        // Each tree's largest and smallest leaf, walking it from its root.
        let bounds = roots.map { root -> (Float, Float) in
            var (largest, smallest) = (-Float.infinity, Float.infinity)
            var stack = [Int(root)]
            while let index = stack.popLast() {
                let node = built[index]
                if node.feature == Self.leaf {
                    largest = max(largest, node.value)
                    smallest = min(smallest, node.value)
                } else {
                    stack.append(Int(node.left))
                    stack.append(Int(node.right))
                }
            }
            return (largest, smallest)
        }
        var largest = [Float](repeating: 0, count: roots.count)
        var smallest = [Float](repeating: 0, count: roots.count)
        var (high, low): (Float, Float) = (0, 0)
        for t in roots.indices.reversed() {
            largest[t] = high
            smallest[t] = low
            high += bounds[t].0
            low += bounds[t].1
        }
        largestAfter = largest
        smallestAfter = smallest
    }

    /// The window's log-odds of being music, from its `MusicEvidence.featureCount` features.
    func score(_ x: UnsafeBufferPointer<Float>) -> Float {
        precondition(x.count >= MusicEvidence.featureCount)
        return nodes.withUnsafeBufferPointer { nodes in
            var sum = baseline
            for root in roots {
                var node = nodes[Int(root)]
                while node.feature != Self.leaf {
                    node = nodes[Int(x[Int(node.feature)] <= node.threshold ? node.left : node.right)]
                }
                sum += node.value
            }
            return sum
        }
    }

    /// A number on the same side of `low` and of `threshold` as `score(_:)`: the score, or, once
    /// the trees left can carry the sum across neither, a bound of it on their side. The windows'
    /// verdicts need no more, and most are clear long before the last tree.
    func verdictScore(_ x: UnsafeBufferPointer<Float>, low: Float) -> Float {
        precondition(x.count >= MusicEvidence.featureCount)
        let low = min(low, threshold)
        return nodes.withUnsafeBufferPointer { nodes in
            var sum = baseline
            for (t, root) in roots.enumerated() {
                var node = nodes[Int(root)]
                while node.feature != Self.leaf {
                    node = nodes[Int(x[Int(node.feature)] <= node.threshold ? node.left : node.right)]
                }
                sum += node.value
                // Every eighth tree, with a margin far over the sums' rounding.
                if t % 8 == 7 {
                    if sum + smallestAfter[t] > threshold + Self.exitMargin { return sum + smallestAfter[t] }
                    if sum + largestAfter[t] < low - Self.exitMargin { return sum + largestAfter[t] }
                }
            }
            return sum
        }
    }

    /// `score(_:)` of an array.
    func score(_ x: [Float]) -> Float {
        x.withUnsafeBufferPointer { score($0) }
    }
}
