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
}

/// Flows items onto pages: an item that does not fit goes to the next page, together with
/// the items chained to it by `keepWithNext`; a table row that starts a page repeats its
/// table's header. Produces page contents and outline entries; furniture comes later.
struct Paginator {
    var geometry: PageGeometry

    struct Result {
        var pages: [[SceneItem]]
        var outline: [OutlineEntry]
    }

    func paginate(_ items: [FlowItem], firstPageIndex: Int) -> Result {
        var pages: [[SceneItem]] = [[]]
        var outline: [OutlineEntry] = []
        var y = geometry.contentTop
        var pageIsEmpty = true

        func newPage() {
            pages.append([])
            y = geometry.contentTop
            pageIsEmpty = true
        }

        func place(_ item: FlowItem) {
            if !pageIsEmpty { y += item.spaceBefore }
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

        for (index, item) in items.enumerated() {
            if item.breakBefore {
                if !pageIsEmpty { newPage() }
                continue
            }
            // The height this item needs on this page: itself plus everything chained to it.
            var needed = item.height + (pageIsEmpty ? 0 : item.spaceBefore)
            var next = index
            while items[next].keepWithNext, next + 1 < items.count, !items[next + 1].breakBefore {
                next += 1
                needed += items[next].spaceBefore + items[next].height
            }
            if !pageIsEmpty && y + needed > geometry.contentBottom + 0.01 {
                newPage()
                item.continuationHeader.forEach(place)
            }
            place(item)
        }
        if pages.count > 1, pages[pages.count - 1].isEmpty { pages.removeLast() }
        return Result(pages: pages, outline: outline)
    }
}
