import VitalityScene

/// A piece of flowing content with a fixed height, laid out at the origin; the paginator
/// moves it to its place on a page.
struct FlowItem {
    var height: Double
    /// Space above the item; dropped at the top of a page.
    var spaceBefore: Double
    var content: [SceneItem]
    /// Keep on the same page as the next item (headings, captions): this item's end and the
    /// next one's start share a page.
    var keepWithNext = false
    /// A section heading (also the contents' title): the paragraphs after it keep with the
    /// block they introduce.
    var isHeading = false
    /// Start a new page before this item.
    var breakBefore = false
    /// A heading: becomes an outline entry and a named destination.
    var heading: (title: String, level: Int)?
    /// Drawn first when this item starts a new page (a table's header row); empty for none.
    var continuationHeader: [FlowItem] = []
    /// Rows of one table share an id; each page's rows become one `Table` structure element.
    var tableID: Int?
    /// Lines of a paragraph; 0 for items that cannot be split.
    var lineCount = 0
    /// Splits a paragraph after that many lines: the first lines and the rest.
    var split: ((Int) -> (FlowItem, FlowItem)?)?

    init(height: Double, spaceBefore: Double = 0, content: [SceneItem]) {
        self.height = height
        self.spaceBefore = spaceBefore
        self.content = content
    }

    static func pageBreak() -> FlowItem {
        var item = FlowItem(height: 0, content: [])
        item.breakBefore = true
        return item
    }
}

/// The printable area of a page and the furniture around it.
struct PageGeometry {
    var size: Size
    var margins: (top: Double, right: Double, bottom: Double, left: Double)

    var contentWidth: Double { size.width - margins.left - margins.right }
    var contentTop: Double { margins.top }
    var contentBottom: Double { size.height - margins.bottom }
    var contentHeight: Double { contentBottom - contentTop }

    static func standard(_ size: Size) -> PageGeometry {
        PageGeometry(size: size, margins: (top: 64, right: 56, bottom: 60, left: 56))
    }

    init(size: Size, margins: (top: Double, right: Double, bottom: Double, left: Double)) {
        self.size = size
        self.margins = margins
    }

    init(size: Size, margins: Margins) {
        self.init(size: size, margins: (margins.top, margins.right, margins.bottom, margins.left))
    }
}

/// Flows items onto pages. Items chained by `keepWithNext` start on the page where the one
/// before them ends: a heading, the paragraphs that introduce a block, and the block's first
/// part (a chart, a KPI grid, a table's header and first two rows) move to the next page
/// together when they do not fit, unless splitting one of the chained paragraphs between lines
/// keeps the chain intact with less moved; a group taller than a page falls back to keeping
/// each item with the first part of the next. A paragraph is split between lines so that at
/// least two lines stay on each page (no widows or orphans); a table row that starts a page
/// repeats its table's header. Produces page contents and outline entries; furniture comes later.
struct Paginator {
    var geometry: PageGeometry

    /// Fewest lines of a split paragraph on either page.
    static let minimumLines = 2

    struct Result {
        var pages: [[SceneItem]]
        var outline: [OutlineEntry]
    }

    /// What to do with the next item so that its chain stays together.
    enum Decision: Equatable {
        /// Place it here whole (its chain fits, possibly by splitting a later paragraph).
        case place
        /// Place its first `lines` lines here and the rest on the next page.
        case split(lines: Int)
        /// Start a new page first.
        case newPage
    }

    /// Paragraphs between a heading and the block they introduce keep with that block, so the
    /// heading, its introduction and the block's first part share a page. Paragraphs followed by
    /// another heading, a page break or nothing are not chained.
    static func chainingIntroductions(_ items: [FlowItem]) -> [FlowItem] {
        var result = items
        var index = result.startIndex
        while index < result.endIndex {
            defer { index += 1 }
            guard result[index].isHeading else { continue }
            var end = index + 1
            while end < result.endIndex, result[end].split != nil, !result[end].breakBefore { end += 1 }
            guard end > index + 1, end < result.endIndex else { continue }
            let block = result[end]
            guard !block.isHeading, !block.breakBefore else { continue }
            for paragraph in (index + 1)..<end { result[paragraph].keepWithNext = true }
        }
        return result
    }

    /// Height of a paragraph's first lines that must share a page with what is before it: two
    /// lines, or all of it when it cannot be split.
    static func minimumHeight(_ item: FlowItem) -> Double {
        guard item.split != nil, item.lineCount >= 2 * minimumLines else { return item.height }
        return item.height * Double(minimumLines) / Double(item.lineCount)
    }

    /// The room a chain needs on a page: every link in full but the last, of which only the first
    /// part (its first lines, a table's first row); `atTop` drops the first link's space above.
    static func chainHeight(_ links: ArraySlice<FlowItem>, atTop: Bool) -> Double {
        var total = 0.0
        for (offset, link) in links.enumerated() {
            if !(offset == 0 && atTop) { total += link.spaceBefore }
            total += link.keepWithNext ? link.height : minimumHeight(link)
        }
        return total
    }

    /// Decides how the chain `links` (the next item and those chained to it) goes onto a page
    /// with `room` points left (`atTop` when nothing is on it yet), `pageHeight` being a whole
    /// page's room.
    static func decide(_ links: ArraySlice<FlowItem>, room: Double, atTop: Bool, pageHeight: Double) -> Decision {
        let tolerance = 0.01
        if chainHeight(links, atTop: atTop) <= room + tolerance { return .place }
        // Split a chained paragraph: what comes before it and its first lines here, its last
        // lines and the rest of the chain on a fresh page. The latest such paragraph leaves the
        // least room empty.
        if let (offset, lines) = splitPoint(links, room: room, atTop: atTop, pageHeight: pageHeight) {
            return offset == links.startIndex ? .split(lines: lines) : .place
        }
        if atTop { return .place }
        let fitsOnFreshPage = chainHeight(links, atTop: true) <= pageHeight + tolerance
            || splitPoint(links, room: pageHeight, atTop: true, pageHeight: pageHeight) != nil
        if fitsOnFreshPage { return .newPage }
        // Taller than a page even on a page of its own: keep the item with the next one's first part.
        let firstPair = links.prefix(2)
        return chainHeight(firstPair, atTop: false) <= room + tolerance ? .place : .newPage
    }

    /// Where a chain can be split so that it fits: the index of a chained paragraph and how many
    /// of its lines stay on this page, or nil.
    static func splitPoint(_ links: ArraySlice<FlowItem>, room: Double, atTop: Bool, pageHeight: Double) -> (Int, Int)? {
        let tolerance = 0.01
        for index in links.indices.reversed() where index < links.endIndex - 1 {
            let paragraph = links[index]
            guard paragraph.split != nil, paragraph.lineCount >= 2 * minimumLines else { continue }
            let lineHeight = paragraph.height / Double(paragraph.lineCount)
            var before = 0.0
            for (offset, link) in links[..<index].enumerated() {
                before += (offset == 0 && atTop ? 0 : link.spaceBefore) + link.height
            }
            before += index == links.startIndex && atTop ? 0 : paragraph.spaceBefore
            let roomForLines = room - before
            guard roomForLines > 0 else { continue }
            let lines = min(Int((roomForLines + tolerance) / lineHeight), paragraph.lineCount - minimumLines)
            guard lines >= minimumLines else { continue }
            // The last lines and the rest of the chain must fit on the next page, or split there
            // again (a paragraph longer than a page).
            var tail = paragraph
            tail.lineCount = paragraph.lineCount - lines
            tail.height = Double(tail.lineCount) * lineHeight
            let rest = [tail] + links[(index + 1)...]
            if chainHeight(rest[...], atTop: true) <= pageHeight + tolerance
                || splitPoint(rest[...], room: pageHeight, atTop: true, pageHeight: pageHeight) != nil {
                return (index, lines)
            }
        }
        return nil
    }

    func paginate(_ flowItems: [FlowItem], firstPageIndex: Int) -> Result {
        var pages: [[SceneItem]] = [[]]
        var outline: [OutlineEntry] = []
        var y = geometry.contentTop
        var pageIsEmpty = true
        var openTable: Int?

        func closeTable() {
            if openTable != nil {
                pages[pages.count - 1].append(.endStructure("Table"))
                openTable = nil
            }
        }

        func newPage() {
            closeTable()
            pages.append([])
            y = geometry.contentTop
            pageIsEmpty = true
        }

        func place(_ item: FlowItem) {
            if !pageIsEmpty { y += item.spaceBefore }
            if item.tableID != openTable {
                closeTable()
                if let id = item.tableID {
                    pages[pages.count - 1].append(.beginStructure(StructureTag("Table")))
                    openTable = id
                }
            }
            if let heading = item.heading {
                let name = "section-\(outline.count + 1)"
                pages[pages.count - 1].append(.destination(name: name, at: Point(geometry.margins.left, y)))
                outline.append(OutlineEntry(
                    title: heading.title, level: heading.level,
                    pageIndex: firstPageIndex + pages.count - 1, destination: name))
            }
            pages[pages.count - 1].append(.group(item.content, offset: Point(geometry.margins.left, y), scale: 1, clip: nil))
            y += item.height
            pageIsEmpty = false
        }

        /// The next item and everything chained to it, up to a page break.
        func chain(startingWith item: FlowItem, rest: ArraySlice<FlowItem>) -> ArraySlice<FlowItem> {
            var links = [item]
            var next = rest.startIndex
            while links[links.count - 1].keepWithNext, next < rest.endIndex, !rest[next].breakBefore {
                links.append(rest[next])
                next += 1
            }
            return links[...]
        }

        /// Places the first `lines` lines of a paragraph here and queues the rest.
        func splitParagraph(_ item: FlowItem, lines: Int, queue: inout ArraySlice<FlowItem>) -> Bool {
            guard lines >= Self.minimumLines, lines <= item.lineCount - Self.minimumLines,
                  let split = item.split, let (head, tail) = split(lines) else { return false }
            var chainedTail = tail
            chainedTail.keepWithNext = item.keepWithNext
            place(head)
            newPage()
            queue.insert(chainedTail, at: queue.startIndex)
            return true
        }

        var queue = Self.chainingIntroductions(flowItems)[...]
        while let item = queue.popFirst() {
            if item.breakBefore {
                if !pageIsEmpty { newPage() }
                continue
            }
            let links = chain(startingWith: item, rest: queue)
            let room = geometry.contentBottom - y
            var decision = Self.decide(links, room: room, atTop: pageIsEmpty, pageHeight: geometry.contentHeight)
            if decision == .newPage {
                newPage()
                item.continuationHeader.forEach(place)
                decision = Self.decide(links, room: geometry.contentBottom - y, atTop: pageIsEmpty, pageHeight: geometry.contentHeight)
            }
            if case .split(let lines) = decision, splitParagraph(item, lines: lines, queue: &queue) { continue }
            // A paragraph longer than the room left: its first lines here, the rest next.
            let roomForItem = geometry.contentBottom - y - (pageIsEmpty ? 0 : item.spaceBefore)
            if item.height > roomForItem + 0.01, item.split != nil, item.lineCount >= 2 * Self.minimumLines {
                let lineHeight = item.height / Double(item.lineCount)
                let fitting = min(Int((roomForItem + 0.01) / lineHeight), item.lineCount - Self.minimumLines)
                if splitParagraph(item, lines: fitting, queue: &queue) { continue }
            }
            place(item)
        }
        closeTable()
        if pages.count > 1, pages[pages.count - 1].isEmpty { pages.removeLast() }
        return Result(pages: pages, outline: outline)
    }
}
