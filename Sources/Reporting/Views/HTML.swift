/// A small HTML tree that escapes by construction: text and attribute values are always
/// escaped when rendered, so a string from a manifest or a file name can only ever show as text.
/// Only `HTMLNode.trusted` inserts markup as is, and it is used for the constant style sheet
/// and script that ship inside callqa, never for data.
///
/// (Plot, the usual choice, escapes text but writes attribute values verbatim in 0.14, and
/// timelines and tables here put data in attributes: `title`, `data-*`, `aria-label`.)
public indirect enum HTMLNode: Sendable {
    case element(String, attributes: [(String, String)], children: [HTMLNode])
    case text(String)
    case trusted(String)
    case fragment([HTMLNode])

    /// An element, e.g. `.el("td", ["class": "num"], .text("3"))`. Attributes keep their order.
    public static func el(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: HTMLNode...) -> HTMLNode {
        .element(name, attributes: attributes.map { ($0.key, $0.value) }, children: children)
    }

    /// An element without attributes.
    public static func el(_ name: String, _ first: HTMLNode, _ rest: HTMLNode...) -> HTMLNode {
        .element(name, attributes: [], children: [first] + rest)
    }

    /// An element with a list of children.
    public static func el(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], children: [HTMLNode]) -> HTMLNode {
        .element(name, attributes: attributes.map { ($0.key, $0.value) }, children: children)
    }

    /// Elements that have no closing tag.
    private static let void: Set<String> = ["meta", "br", "input", "hr", "img", "link"]

    /// The markup.
    public func render() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    private func render(into out: inout String) {
        switch self {
        case .text(let text):
            out += HTMLNode.escape(text)
        case .trusted(let markup):
            out += markup
        case .fragment(let nodes):
            for node in nodes { node.render(into: &out) }
        case .element(let name, let attributes, let children):
            out += "<" + name
            for (key, value) in attributes {
                out += " " + key + "=\"" + HTMLNode.escape(value) + "\""
            }
            out += ">"
            if HTMLNode.void.contains(name) { return }
            for child in children { child.render(into: &out) }
            out += "</" + name + ">"
        }
    }

    /// Escapes the five characters with a meaning in HTML text and quoted attribute values, and
    /// writes each Unicode bidirectional control (U+202A-U+202E embeddings and overrides,
    /// U+2066-U+2069 isolates, the marks U+200E, U+200F, U+061C) as visible text, `\u{202E}`: an
    /// agent named `Marco <U+202E>issoR` showed as "Marco Rossi", and the override reordered the
    /// text after it on the line. Data keeps its characters in the JSON report.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case _ where character.properties.isBidiControl:
                out += "\\u{\(String(character.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
