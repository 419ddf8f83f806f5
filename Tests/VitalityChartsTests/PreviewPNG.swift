import Foundation
import VitalityRender
import VitalityScene

/// Writes a scene as PNG with the product renderer for looking at layouts by eye, only when
/// `VITALITY_CHART_PREVIEW` names a folder.
enum Preview {
    static func write(_ scene: Scene, name: String) {
        guard let folder = ProcessInfo.processInfo.environment["VITALITY_CHART_PREVIEW"],
              let bytes = try? Renderer.png(scene, dpi: 144)
        else { return }
        try? Data(bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(name).png"))
    }
}
