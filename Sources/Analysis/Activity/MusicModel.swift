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

    let nodes: [Node]
    /// Index of each tree's root.
    let roots: [Int32]
    let baseline: Float
    /// Log-odds above which a window is music.
    let threshold: Float

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

    /// `score(_:)` of an array.
    func score(_ x: [Float]) -> Float {
        x.withUnsafeBufferPointer { score($0) }
    }
}
