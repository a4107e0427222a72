import Foundation

/// Locates the repository's committed fixtures and built products from tests.
public enum Fixtures {
    /// The repository root (the folder holding Package.swift).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `fixtures/` in the repository.
    public static var directory: URL { repositoryRoot.appendingPathComponent("fixtures") }

    /// A file under `fixtures/`.
    public static func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }
}
