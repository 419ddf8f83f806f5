import Foundation
import Testing
import VitalityTestSupport

/// `vitality --generate-completion-script`: the bash script is sourced into bash and asked for
/// completions as the shell would (COMP_WORDS, COMP_CWORD, the completion function), so the
/// offered values are checked, not the script's text.
@Suite struct CompletionTests {
    static func script(_ shell: String) throws -> String {
        let executable = try #require(TestSupport.executable)
        let result = try ProcessRunner.run(executable.path, ["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    /// What bash offers after `words` (the last one is the word being completed), run in
    /// `folder`.
    static func complete(_ words: [String], script: URL, in folder: URL) throws -> [String] {
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let driver = """
            source "$1"
            cd "$2" || exit 3
            COMP_WORDS=(\(quoted))
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            COMP_LINE="${COMP_WORDS[*]}"
            COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            _vitality vitality "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try ProcessRunner.run("/bin/bash", ["-c", driver, "bash", script.path, folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func bashOffersLocalesFoldersAndFormats() throws {
        let folder = try TemporaryFolder()
        let script = folder.appendingPathComponent("vitality.bash")
        try Self.script("bash").write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data-2024"), withIntermediateDirectories: true)
        try Data().write(to: folder.appendingPathComponent("data-notes.txt"))

        #expect(try Self.complete(["vitality", "build", "--locale", ""], script: script, in: folder.url) == ["fi", "sv", "en"])
        #expect(try Self.complete(["vitality", "check", "--locale", "s"], script: script, in: folder.url) == ["sv"])
        #expect(try Self.complete(["vitality", "gallery", "--locale", ""], script: script, in: folder.url) == ["fi", "sv", "en"])

        // Folders only: the folder is offered, the file beside it is not.
        for words in [["build", "--input"], ["build", "--templates"], ["build", "--output"], ["check", "--input"],
                      ["list", "files", "--input"], ["recover", "--output"], ["gallery", "--output"]] {
            let offered = try Self.complete(["vitality"] + words + ["data"], script: script, in: folder.url)
            #expect(offered == ["data-2024"], "\(words): \(offered)")
        }
        // A value that is no folder's name is not completed to anything.
        #expect(try Self.complete(["vitality", "build", "--input", "zz"], script: script, in: folder.url).isEmpty)

        let formats = try Self.complete(["vitality", "build", "--formats", "png,"], script: script, in: folder.url)
        #expect(Set(formats) == ["png,pdf", "png,svg", "png,pdf,svg"])
        #expect(try Self.complete(["vitality", "build", "--diagnostics", "g"], script: script, in: folder.url) == ["github"])
    }

    /// zsh and fish (not installed here) get the same lists and folder completion in their
    /// own terms.
    @Test func zshAndFishScripts() throws {
        let zsh = try Self.script("zsh")
        #expect(zsh.contains("#compdef vitality"))
        #expect(zsh.contains("--input[Folder with indicators.csv, statistics/*.csv and measures.csv.]:dir:_files -/"))
        #expect(zsh.contains("___locale=('fi' 'sv' 'en')"))
        let fish = try Self.script("fish")
        #expect(fish.contains("\"vitality build\" input' -l 'input'"))
        #expect(fish.contains("-rfa '(__vitality_complete_directories)'"))
        #expect(fish.contains("\"vitality build\" locale' -l 'locale'"))
        #expect(fish.contains("-rfka 'fi sv en'"))
        // An unknown shell is a usage error.
        let unknown = try ProcessRunner.run(try #require(TestSupport.executable).path, ["--generate-completion-script", "tcsh"])
        #expect(unknown.status == 64)
    }
}
