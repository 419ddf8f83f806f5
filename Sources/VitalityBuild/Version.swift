/// The tool's version, printed by `vitality --version` and recorded as `generator` in
/// `manifest.json`. Part of every output's key: a new version renders everything again.
package enum VitalityVersion {
    package static let current = "0.11.0"
    /// `vitality 0.11.0`.
    package static let generator = "vitality \(current)"
}
