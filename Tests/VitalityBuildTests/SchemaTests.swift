import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild
import VitalityModel

/// The JSON interfaces CI scripts rely on match their documented schemas
/// (`docs/schemas/*.schema.json`, JSON Schema draft 2020-12), checked with the `jsonschema`
/// validator from PyPI; the schemas are checked to be valid schemas on the way.
enum SchemaSupport {
    static func schema(_ name: String) -> URL {
        TestSupport.repositoryRoot.appendingPathComponent("docs/schemas/\(name).schema.json")
    }

    /// Exit 0: valid; 2: the instance breaks the schema (one line per error); 3: the schema
    /// itself is not a valid draft 2020-12 schema.
    static let validator = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            print("schema:", error.message); sys.exit(3)
        instance = json.load(open(sys.argv[2], encoding="utf-8"))
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
        for error in errors:
            print("/".join(map(str, error.absolute_path)) or "(root)", "->", error.message)
        sys.exit(2 if errors else 0)
        """

    struct Verdict {
        var status: Int32
        var output: String
        var valid: Bool { status == 0 }
        /// Rejected by a valid schema (not failed for another reason).
        var rejected: Bool { status == 2 }
    }

    static func validate(_ instance: Data, against name: String) throws -> Verdict {
        let python = try #require(VenvTools.jsonSchemaPython)
        let file = try TemporaryFile(instance, name: "instance.json", label: "schema")
        let run = try ProcessRunner.run(python, ["-c", validator, schema(name).path, file.path])
        return Verdict(status: run.status, output: run.stdout + run.stderr)
    }

    static func validate(_ object: [String: Any], against name: String) throws -> Verdict {
        try validate(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), against: name)
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The property names a schema object lists.
    static func properties(_ schema: [String: Any]) -> Set<String> {
        Set(((schema["properties"] as? [String: Any]) ?? [:]).keys)
    }
}

@Suite struct DiagnosticsSchemaTests {
    static let reason = "the JSON Schema validator is not installed: pip install jsonschema (scripts/setup.sh --test installs it)"

    /// Without Python: the renderer writes exactly the fields the schema names, with its version.
    @Test func rendererFieldsAreTheSchemas() throws {
        let schema = try SchemaSupport.object(try Data(contentsOf: SchemaSupport.schema("diagnostics")))
        let rendered = try SchemaSupport.object(Data(JSONDiagnosticRenderer().render([
            Diagnostic(.error, code: "statistics.not-a-number", "x", at: SourceLocation(file: "a.csv", line: 2, column: 3)),
        ]).utf8))
        #expect(Set(rendered.keys) == SchemaSupport.properties(schema))
        let version = try #require((schema["properties"] as? [String: Any])?["version"] as? [String: Any])
        #expect(version["const"] as? Int == JSONDiagnosticRenderer.formatVersion)
        #expect(rendered["version"] as? Int == JSONDiagnosticRenderer.formatVersion)
        let entry = try #require((rendered["diagnostics"] as? [[String: Any]])?.first)
        let entrySchema = try #require((schema["$defs"] as? [String: Any])?["diagnostic"] as? [String: Any])
        #expect(Set(entry.keys) == SchemaSupport.properties(entrySchema))
    }

    /// `vitality check --diagnostics json` on inputs with a warning, with errors (located to the
    /// line and column, and to a whole file) and on the clean sample.
    @Test(.enabled(if: VenvTools.jsonSchemaPython != nil, Comment(rawValue: reason)))
    func realCheckOutputIsValid() throws {
        let executable = try #require(TestSupport.executable)
        let input = try TestSupport.copyOfSampleInput()
        let statistics = input.appendingPathComponent("statistics")
        try "alue;vuosi;tiedot;arvo\nAtlantis;2021;Väkiluku;5\nOrivesi;2021;Väkiluku;lots\n"
            .write(to: statistics.appendingPathComponent("zz_extra.csv"), atomically: true, encoding: .utf8)
        try Data("PK".utf8).write(to: statistics.appendingPathComponent("workbook.xlsx"))
        var outputs: [(name: String, status: Int32, object: [String: Any])] = []
        for (name, folder) in [("broken", input.path), ("sample", TestSupport.sampleInput)] {
            let run = try ProcessRunner.run(executable.path, [
                "check", "--input", folder, "--templates", TestSupport.sampleTemplates, "--diagnostics", "json",
            ])
            let verdict = try SchemaSupport.validate(Data(run.stdout.utf8), against: "diagnostics")
            #expect(verdict.valid, "\(name): \(verdict.output)\n\(run.stdout)")
            outputs.append((name, run.status, try SchemaSupport.object(Data(run.stdout.utf8))))
        }
        // The broken input did exercise errors, warnings, columns and whole-file locations.
        let broken = try #require(outputs.first)
        #expect(broken.status == 1)
        #expect((broken.object["errors"] as? Int ?? 0) >= 2)
        #expect((broken.object["warnings"] as? Int ?? 0) >= 1)
        let entries = try #require(broken.object["diagnostics"] as? [[String: Any]])
        #expect(entries.contains { $0["column"] != nil })
        #expect(entries.contains { $0["file"] != nil && $0["line"] == nil })
        #expect(outputs.last?.status == 0)
    }

    @Test(.enabled(if: VenvTools.jsonSchemaPython != nil, Comment(rawValue: reason)))
    func brokenDocumentsAreRejected() throws {
        let good = try SchemaSupport.object(Data(JSONDiagnosticRenderer().render([
            Diagnostic(.warning, code: "statistics.unknown-area", "Area `Atlantis` is unknown.", at: SourceLocation(file: "a.csv", line: 2, column: 1)),
        ]).utf8))
        #expect(try SchemaSupport.validate(good, against: "diagnostics").valid)

        var noVersion = good
        noVersion["version"] = nil
        let missing = try SchemaSupport.validate(noVersion, against: "diagnostics")
        #expect(missing.rejected && missing.output.contains("'version' is a required property"), "\(missing.output)")

        var future = good
        future["version"] = 2
        #expect(try SchemaSupport.validate(future, against: "diagnostics").rejected)

        var entry = try #require((good["diagnostics"] as? [[String: Any]])?.first)
        entry["line"] = nil
        var columnWithoutLine = good
        columnWithoutLine["diagnostics"] = [entry]
        #expect(try SchemaSupport.validate(columnWithoutLine, against: "diagnostics").rejected)

        entry["line"] = 2
        entry["severity"] = "fatal"
        var badSeverity = good
        badSeverity["diagnostics"] = [entry]
        #expect(try SchemaSupport.validate(badSeverity, against: "diagnostics").rejected)
    }
}

@Suite struct ManifestSchemaTests {
    static let reason = DiagnosticsSchemaTests.reason

    static func hex(_ seed: Character) -> String { String(repeating: seed, count: 64) }

    /// A manifest of format 2 as a shard of a build writes it (docs/schemas/manifest.schema.json).
    static let sample = """
        {
          "generator" : "vitality 0.11.0",
          "inputs" : [
            { "bytes" : 2048, "path" : "input/indicators.csv", "sha256" : "\(hex("a"))" },
            { "bytes" : 91234, "path" : "input/statistics/vaesto.csv", "sha256" : "\(hex("b"))" }
          ],
          "options" : { "dpi" : "150", "formats" : "png,pdf", "input" : "input", "templates" : "templates" },
          "outputs" : [
            { "bytes" : 40960, "key" : "\(hex("c"))", "locale" : "fi", "path" : "kuntaprofiili/562-orivesi.pdf",
              "sha256" : "\(hex("d"))", "template" : "kuntaprofiili" },
            { "bytes" : 8192, "key" : "\(hex("e"))", "locale" : "fi", "path" : "kuntaprofiili/charts/562-population.png",
              "sha256" : "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "template" : "kuntaprofiili" },
            { "bytes" : 0, "path" : "figures.csv", "sha256" : "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" }
          ],
          "shard" : { "count" : 4, "index" : 2 },
          "version" : 2
        }
        """

    @Test(.enabled(if: VenvTools.jsonSchemaPython != nil, Comment(rawValue: reason)))
    func sampleIsValid() throws {
        let sample = try SchemaSupport.object(Data(Self.sample.utf8))
        let verdict = try SchemaSupport.validate(sample, against: "manifest")
        #expect(verdict.valid, "\(verdict.output)")
        var merged = sample
        merged["shard"] = nil
        #expect(try SchemaSupport.validate(merged, against: "manifest").valid)
    }

    /// The manifests a real build and a shard of it write.
    @Test(.enabled(if: VenvTools.jsonSchemaPython != nil, Comment(rawValue: reason)))
    func realManifestsAreValid() throws {
        let base = try TemporaryFolder()
        let executable = try #require(TestSupport.executable)
        for (folder, extra, name) in [("whole", ["award-submission"], "manifest.json"), ("part", ["kuntaprofiili", "--shard", "2/4"], "manifest.shard-2-of-4.json")] {
            let output = base.appendingPathComponent(folder)
            let result = try ProcessRunner.run(
                executable.path,
                ["build", "--input", TestSupport.sampleInput, "--templates", TestSupport.sampleTemplates, "--output", output.path] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let manifest = try Data(contentsOf: output.appendingPathComponent(name))
            let verdict = try SchemaSupport.validate(manifest, against: "manifest")
            #expect(verdict.valid, "\(name): \(verdict.output)")
        }
    }

    @Test(.enabled(if: VenvTools.jsonSchemaPython != nil, Comment(rawValue: reason)))
    func brokenManifestsAreRejected() throws {
        let sample = try SchemaSupport.object(Data(Self.sample.utf8))
        var outputs = try #require(sample["outputs"] as? [[String: Any]])

        var noVersion = sample
        noVersion["version"] = nil
        let missing = try SchemaSupport.validate(noVersion, against: "manifest")
        #expect(missing.rejected && missing.output.contains("'version' is a required property"), "\(missing.output)")

        var formatOne = sample
        formatOne["version"] = 1
        #expect(try SchemaSupport.validate(formatOne, against: "manifest").rejected)

        var badGenerator = sample
        badGenerator["generator"] = "vitality"
        #expect(try SchemaSupport.validate(badGenerator, against: "manifest").rejected)

        var badShard = sample
        badShard["shard"] = ["index": 0, "count": 4]
        #expect(try SchemaSupport.validate(badShard, against: "manifest").rejected)

        // One broken field of an output at a time.
        let breakages: [(String, Any)] = [
            ("sha256", Self.hex("A")), ("key", String(Self.hex("c").dropLast())), ("locale", "de"),
            ("bytes", -1), ("mtime", "2021-12-31"),
        ]
        for (field, value) in breakages {
            var entry = outputs[0]
            entry[field] = value
            outputs[0] = entry
            var broken = sample
            broken["outputs"] = outputs
            let verdict = try SchemaSupport.validate(broken, against: "manifest")
            #expect(verdict.rejected, "\(field): \(verdict.output)")
            outputs = try #require(sample["outputs"] as? [[String: Any]])
        }

        // Inputs carry no locale, template or key.
        var inputs = try #require(sample["inputs"] as? [[String: Any]])
        inputs[0]["key"] = Self.hex("f")
        var keyedInput = sample
        keyedInput["inputs"] = inputs
        #expect(try SchemaSupport.validate(keyedInput, against: "manifest").rejected)

        var badOption = sample
        badOption["options"] = ["dpi": 150]
        #expect(try SchemaSupport.validate(badOption, against: "manifest").rejected)
    }
}
