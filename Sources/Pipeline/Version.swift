import Reporting

/// The version of callqa (the same string the reports carry).
public let version = callqaVersion
