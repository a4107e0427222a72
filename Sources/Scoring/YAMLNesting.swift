/// How deep YAML text nests, measured without parsing it.
///
/// Yams builds its node tree recursively, one stack frame per level of nesting, so a small file of
/// a few thousand nested `[`, `{`, or compact `- - -` entries overflows the stack and kills the
/// process (SIGSEGV) before any error can be reported. This scan reads the text once, in a loop,
/// and finds where it first nests deeper than a limit, so such a file is refused at its line and
/// column before Yams sees it.
///
/// The depth counted at a point is the number of open flow collections (`[` and `{` outside
/// quoted scalars and comments) plus the number of open block levels (the increasing
/// indentations of the lines above it, and each compact `- ` or `? ` entry on its own line). It
/// may count a level or two more or less than the YAML parser builds (a sequence written at its
/// key's indentation, say), which is of no consequence against a generous limit: real checklists
/// nest fewer than ten levels; stack overflows need thousands.
enum YAMLNesting {
    /// Where the nesting first exceeds `limit` levels (1-based line and column, as Yams counts
    /// them: characters, not bytes), or `nil` if it never does.
    static func firstPosition(deeperThan limit: Int, in text: String) -> (line: Int, column: Int)? {
        var scanner = Scanner(Array(text.unicodeScalars), limit: limit)
        return scanner.run()
    }

    private struct Scanner {
        let characters: [Unicode.Scalar]
        let limit: Int
        var index = 0
        var line = 1
        /// 0-based column of `index` on its line.
        var column = 0
        /// Open `[` and `{`.
        var flowDepth = 0
        /// Columns of the open block levels, increasing.
        var blockColumns: [Int] = []
        /// The quote of the multi-line quoted scalar being read, if any.
        var quote: Unicode.Scalar?
        /// Whether the next character that is not a space would start a node (so a quote starts
        /// a quoted scalar, and in block context `[` or `{` a flow collection).
        var atNodeStart = true
        /// The block scalar (`|`, `>`) being read: the column of the block level it belongs to,
        /// and the indentation of its text once its first line is read. Its lines are text, and
        /// are skipped while they are indented as its first one (YAML's rule).
        var blockScalar: (parentColumn: Int, contentIndent: Int?)?

        init(_ characters: [Unicode.Scalar], limit: Int) {
            self.characters = characters
            self.limit = limit
            if characters.first == "\u{FEFF}" { index = 1 }
        }

        var depth: Int { blockColumns.count + flowDepth }

        func character(at position: Int) -> Unicode.Scalar? {
            position < characters.count ? characters[position] : nil
        }

        static func isBreak(_ c: Unicode.Scalar?) -> Bool { c == "\n" || c == "\r" }
        static func isBlank(_ c: Unicode.Scalar?) -> Bool { c == " " || c == "\t" }
        /// A space, a tab, a line break or the end of the text: what follows an indicator.
        static func endsIndicator(_ c: Unicode.Scalar?) -> Bool { c == nil || isBlank(c) || isBreak(c) }

        mutating func advance() {
            if let c = character(at: index), Self.isBreak(c) {
                index += (c == "\r" && character(at: index + 1) == "\n") ? 2 : 1
                line += 1
                column = 0
            } else {
                index += 1
                column += 1
            }
        }

        mutating func run() -> (line: Int, column: Int)? {
            while index < characters.count {
                if let position = readLine() { return position }
            }
            return nil
        }

        /// Reads one line, from its first character to past its line break.
        mutating func readLine() -> (line: Int, column: Int)? {
            if quote == nil, flowDepth == 0 {
                var indent = 0
                while character(at: index + indent) == " " { indent += 1 }
                let first = character(at: index + indent)
                let blank = Self.endsIndicator(first) && !Self.isBlank(first) || first == "#"
                if let scalar = blockScalar {
                    let textIndent = scalar.contentIndent ?? (indent > scalar.parentColumn ? indent : nil)
                    if blank && first != "#" || textIndent.map({ indent >= $0 }) ?? false {
                        if !blank { blockScalar?.contentIndent = textIndent }
                        skipLine()
                        return nil
                    }
                    blockScalar = nil
                }
                if blank {
                    skipLine()
                    return nil
                }
                for _ in 0..<indent { advance() }
                if let position = openBlockLevel(at: indent) { return position }
                atNodeStart = true
            }
            while let c = character(at: index), !Self.isBreak(c) {
                if let open = quote {
                    if c == "\\", open == "\"" {
                        advance()
                        if Self.isBreak(character(at: index)) { break }
                    } else if c == open {
                        if open == "'", character(at: index + 1) == "'" {
                            advance()
                        } else {
                            quote = nil
                            atNodeStart = false
                        }
                    }
                    advance()
                    continue
                }
                if Self.isBlank(c) {
                    advance()
                    if character(at: index) == "#" {
                        skipLine()
                        return nil
                    }
                    continue
                }
                if column == 0, c == "#" {
                    skipLine()
                    return nil
                }
                let next = character(at: index + 1)
                if (c == "\"" || c == "'") && atNodeStart {
                    quote = c
                } else if (c == "[" || c == "{") && (flowDepth > 0 || atNodeStart) {
                    flowDepth += 1
                    if depth > limit { return (line, column + 1) }
                    atNodeStart = true
                } else if (c == "]" || c == "}") && flowDepth > 0 {
                    flowDepth -= 1
                    atNodeStart = false
                } else if c == ",", flowDepth > 0 {
                    atNodeStart = true
                } else if c == ":", flowDepth > 0 || Self.endsIndicator(next) {
                    atNodeStart = true
                } else if (c == "!" || c == "&") && atNodeStart {
                    // A tag (`!!seq [`) or an anchor before a node: the node still starts after it.
                    while let t = character(at: index + 1), !Self.endsIndicator(t) { advance() }
                } else if c == "-", column == 0, flowDepth == 0, character(at: index + 1) == "-",
                          character(at: index + 2) == "-", Self.endsIndicator(character(at: index + 3)) {
                    // `---`: a document starts, and may start on this line (`--- [`).
                    advance()
                    advance()
                    atNodeStart = true
                } else if (c == "-" || c == "?") && flowDepth == 0 && atNodeStart && Self.endsIndicator(next) {
                    // A compact entry (`- - x`, `- key: x`): its node is one block level deeper,
                    // at the column of the text that follows it.
                    var offset = 1
                    while Self.isBlank(character(at: index + offset)) { offset += 1 }
                    if let start = character(at: index + offset), !Self.isBreak(start), start != "#",
                       let position = openBlockLevel(at: column + offset) {
                        return position
                    }
                    atNodeStart = true
                } else if (c == "|" || c == ">") && flowDepth == 0 && atNodeStart && isBlockScalarHeader() {
                    blockScalar = (parentColumn: blockColumns.last ?? 0, contentIndent: nil)
                    skipLine()
                    return nil
                } else {
                    atNodeStart = false
                }
                advance()
            }
            if index < characters.count { advance() }
            return nil
        }

        /// Closes the block levels at `column` or deeper and opens one there.
        mutating func openBlockLevel(at column: Int) -> (line: Int, column: Int)? {
            while let last = blockColumns.last, last >= column { blockColumns.removeLast() }
            blockColumns.append(column)
            return depth > limit ? (line, column + 1) : nil
        }

        /// Whether the `|` or `>` at `index` starts a block scalar: followed on its line only by
        /// indentation and chomping indicators (`|-`, `>+`, `|2`) and a comment.
        func isBlockScalarHeader() -> Bool {
            var position = index + 1
            while let c = character(at: position), "123456789+-".unicodeScalars.contains(c) { position += 1 }
            while Self.isBlank(character(at: position)) { position += 1 }
            let c = character(at: position)
            return Self.endsIndicator(c) || (c == "#" && Self.isBlank(character(at: position - 1)))
        }

        /// Moves past the rest of the line (a comment, a blank line, a block scalar's text).
        mutating func skipLine() {
            while let c = character(at: index), !Self.isBreak(c) { advance() }
            if index < characters.count { advance() }
        }
    }
}
