import Foundation
import Testing
import VitalityTestSupport

/// `SOURCE_DATE_EPOCH` that is not whole seconds from 0 to 253402300799 is a usage error naming
/// the variable and the range, never ignored or turned into a malformed PDF date.
@Suite(.serialized) struct SourceDateEpochTests {
    @Test(arguments: ["abc", "1.5", "-1", "253402300800", "99999999999999999999", "12\u{1B}[2J"])
    func invalidValuesAreUsageErrors(_ value: String) throws {
        let executable = try #require(TestSupport.executable)
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = value
        let result = try ProcessRunner.run(executable.path, [
            "check", "--input", TestSupport.sampleInput, "--templates", TestSupport.sampleTemplates,
        ], environment: environment)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("SOURCE_DATE_EPOCH"))
        #expect(result.stderr.contains("0 to 253402300799"))
        #expect(!result.stderr.utf8.contains(0x1B))
    }

    @Test func theLastAcceptedSecondIsAccepted() throws {
        let executable = try #require(TestSupport.executable)
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = "253402300799"
        let result = try ProcessRunner.run(executable.path, [
            "check", "--input", TestSupport.sampleInput, "--templates", TestSupport.sampleTemplates,
        ], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
    }
}
