import VitalityScene

/// Scene items written into a digest field by field, as the same stream their synthesized
/// `Codable` conformance gives through `DigestEncoder`'s containers: a keyed container per
/// struct, an enum case as its name's key and a nested keyed container of its associated values
/// (`_0`, `_1` or their labels), an absent optional as an explicit nil, raw-value enums as their
/// string. Going through the generic containers was most of the cost of an output's key.
/// `DigestEncoderTests` digests every item kind, text role and rotation both ways.
extension DigestSink {
    func item(_ item: SceneItem) {
        switch item {
        case .shape(let shape, let fill, let stroke):
            enumCase("shape")
            key("_0")
            self.shape(shape)
            key("fill")
            if let fill { color(fill) } else { tag(.nilValue) }
            key("stroke")
            if let stroke { self.stroke(stroke) } else { tag(.nilValue) }
        case .text(let text):
            enumCase("text")
            key("_0")
            self.text(text)
        case .group(let children, let offset, let scale, let clip):
            enumCase("group")
            key("_0")
            tag(.unkeyed)
            for child in children {
                tag(.element)
                self.item(child)
            }
            key("offset")
            point(offset)
            field("scale", scale)
            key("clip")
            if let clip { rect(clip) } else { tag(.nilValue) }
        case .link(let area, let target):
            enumCase("link")
            key("_0")
            rect(area)
            key("_1")
            switch target {
            case .url(let url):
                enumCase("url")
                text("_0", url)
            case .destination(let name):
                enumCase("destination")
                text("_0", name)
            }
        case .image(let image):
            enumCase("image")
            key("_0")
            tag(.keyed)
            key("png")
            bytes(image.png)
            key("frame")
            rect(image.frame)
            text("altText", image.altText)
        case .destination(let name, let at):
            enumCase("destination")
            text("name", name)
            key("at")
            point(at)
        case .beginStructure(let structure):
            enumCase("beginStructure")
            key("_0")
            tag(.keyed)
            text("name", structure.name)
            text("altText", structure.altText)
        case .endStructure(let name):
            enumCase("endStructure")
            text("_0", name)
        }
    }

    func pathElement(_ element: PathElement) {
        switch element {
        case .move(let to):
            enumCase("move")
            key("_0")
            point(to)
        case .line(let to):
            enumCase("line")
            key("_0")
            point(to)
        case .close:
            enumCase("close")
        }
    }

    func point(_ point: Point) {
        tag(.keyed)
        field("x", point.x)
        field("y", point.y)
    }

    func rect(_ rect: Rect) {
        tag(.keyed)
        field("x", rect.x)
        field("y", rect.y)
        field("width", rect.width)
        field("height", rect.height)
    }

    func size(_ size: Size) {
        tag(.keyed)
        field("width", size.width)
        field("height", size.height)
    }

    func color(_ color: Color) {
        tag(.keyed)
        field("red", color.red)
        field("green", color.green)
        field("blue", color.blue)
        field("alpha", color.alpha)
    }

    private func shape(_ shape: Shape) {
        switch shape {
        case .rect(let area, let cornerRadius):
            enumCase("rect")
            key("_0")
            rect(area)
            field("cornerRadius", cornerRadius)
        case .path(let elements):
            enumCase("path")
            key("_0")
            tag(.unkeyed)
            for element in elements {
                tag(.element)
                pathElement(element)
            }
        case .circle(let center, let radius):
            enumCase("circle")
            key("center")
            point(center)
            field("radius", radius)
        }
    }

    private func stroke(_ stroke: StrokeStyle) {
        tag(.keyed)
        key("color")
        color(stroke.color)
        field("width", stroke.width)
        key("dash")
        tag(.unkeyed)
        for length in stroke.dash {
            tag(.element)
            double(length)
        }
    }

    private func text(_ item: TextItem) {
        tag(.keyed)
        text("text", item.text)
        key("frame")
        rect(item.frame)
        key("style")
        tag(.keyed)
        key("font")
        tag(.keyed)
        text("family", item.style.font.family)
        field("size", item.style.font.size)
        text("weight", item.style.font.weight.rawValue)
        key("italic")
        flag(item.style.font.italic)
        key("color")
        color(item.style.color)
        text("alignment", item.style.alignment.rawValue)
        key("wraps")
        flag(item.wraps)
        key("maxLines")
        if let maxLines = item.maxLines { signed(Int64(maxLines)) } else { tag(.nilValue) }
        key("rotation")
        switch item.rotation {
        case .none: enumCase("none")
        case .counterclockwise: enumCase("counterclockwise")
        }
        key("role")
        switch item.role {
        case .title: enumCase("title")
        case .subtitle: enumCase("subtitle")
        case .heading(let level):
            enumCase("heading")
            key("level")
            signed(Int64(level))
        case .paragraph: enumCase("paragraph")
        case .label: enumCase("label")
        case .tick: enumCase("tick")
        case .legend: enumCase("legend")
        case .value: enumCase("value")
        case .note: enumCase("note")
        case .tableHeader: enumCase("tableHeader")
        case .tableCell: enumCase("tableCell")
        case .pageFurniture: enumCase("pageFurniture")
        }
    }

    /// An enum case as synthesized `Codable` writes it: a keyed container holding the case's
    /// name and, under it, the keyed container of its associated values.
    private func enumCase(_ name: String) {
        tag(.keyed)
        key(name)
        tag(.keyed)
    }

    private func key(_ name: String) { string(.key, name) }

    private func text(_ key: String, _ value: String) {
        self.key(key)
        string(.string, value)
    }
}
