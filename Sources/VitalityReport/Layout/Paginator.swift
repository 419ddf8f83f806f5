import VitalityScene

/// A piece of flowing content with a fixed height, laid out at the origin; the paginator
/// moves it to its place on a page.
struct FlowItem {
    var height: Double
    /// Space above the item; dropped at the top of a page.
    var spaceBefore: Double
    var content: [SceneItem]
    /// Keep on the same page as the next item (headings, captions).
    var keepWithNext = false
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

/// Flows items onto pages: an item that does not fit goes to the next page, together with
/// the items chained to it by `keepWithNext`; a paragraph is split between lines so that at
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

    func paginate(_ items: [FlowItem], firstPageIndex: Int) -> Result {
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

        /// Height of the first lines a paragraph must bring along: two lines, or all of it.
        func minimumHeight(_ item: FlowItem) -> Double {
            guard item.split != nil, item.lineCount >= 2 * Self.minimumLines else { return item.height }
            return item.height * Double(Self.minimumLines) / Double(item.lineCount)
        }

        var queue = items[...]
        while let item = queue.popFirst() {
            if item.breakBefore {
                if !pageIsEmpty { newPage() }
                continue
            }
            // The height this item needs on this page: itself plus everything chained to it
            // (of a chained paragraph only its first lines).
            var needed = (item.keepWithNext ? item.height : minimumHeight(item)) + (pageIsEmpty ? 0 : item.spaceBefore)
            var chained = item
            var next = queue.startIndex
            while chained.keepWithNext, next < queue.endIndex, !queue[next].breakBefore {
                chained = queue[next]
                needed += chained.spaceBefore + (chained.keepWithNext ? chained.height : minimumHeight(chained))
                next += 1
            }
            if !pageIsEmpty && y + needed > geometry.contentBottom + 0.01 {
                newPage()
                item.continuationHeader.forEach(place)
            }
            // A paragraph longer than the room left: its first lines here, the rest next.
            let room = geometry.contentBottom - y - (pageIsEmpty ? 0 : item.spaceBefore)
            if item.height > room + 0.01, let split = item.split, item.lineCount >= 2 * Self.minimumLines {
                let lineHeight = item.height / Double(item.lineCount)
                let fitting = min(Int((room + 0.01) / lineHeight), item.lineCount - Self.minimumLines)
                if fitting >= Self.minimumLines, let (head, tail) = split(fitting) {
                    place(head)
                    newPage()
                    queue.insert(tail, at: queue.startIndex)
                    continue
                }
            }
            place(item)
        }
        closeTable()
        if pages.count > 1, pages[pages.count - 1].isEmpty { pages.removeLast() }
        return Result(pages: pages, outline: outline)
    }
}
