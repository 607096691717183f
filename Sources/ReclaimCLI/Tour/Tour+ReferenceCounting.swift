import Reclaim

extension Tour {
    /// Section `refcounts`: the count of one list rises and falls with its references, and the
    /// list is freed the moment it reaches zero.
    func showReferenceCounting() {
        console.paragraph(
            """
            Every object counts the strong references that point to it, and is freed as soon as
            that count drops to zero. Python's `a = [1, 2, 3]; b = a` becomes two names for one
            tracked ListObject.
            """
        )
        console.blank()
        let log = DeinitLog()
        weak var weakA: ListObject?
        do {
            let a = ListObject([1, 2, 3], onDeinit: { log.record("a") })
            let created = GC.refcount(of: a)
            console.step("let a = ListObject([1, 2, 3])", "GC.refcount(of: a)", "\(created)", note: "the name a")
            weakA = a
            let watched = GC.refcount(of: a)
            console.step(
                "weak var weakA = a",
                "GC.refcount(of: a)",
                "\(watched)",
                note: "\(change(from: created, to: watched)): weak references are not counted"
            )
            let beforeScopeEnd: Int
            do {
                let b = a
                let aliased = GC.refcount(of: a)
                console.step(
                    "let b = a",
                    "GC.refcount(of: a)",
                    "\(aliased)",
                    note: "\(change(from: watched, to: aliased)): b is a second name for the same list"
                )
                let c = ListObject([.list(b)])
                let contained = GC.refcount(of: a)
                console.step(
                    "let c = ListObject([.list(b)])",
                    "GC.refcount(of: a)",
                    "\(contained)",
                    note: "\(change(from: aliased, to: contained)): an item of c refers to it"
                )
                c.removeAll()
                let removed = GC.refcount(of: a)
                console.step(
                    "c.removeAll()",
                    "GC.refcount(of: a)",
                    "\(removed)",
                    note: "\(change(from: contained, to: removed)): that item is gone"
                )
                beforeScopeEnd = removed
                withExtendedLifetime((b, c)) {}
            }
            let scopeEnded = GC.refcount(of: a)
            console.step(
                "} // b and c go out of scope",
                "GC.refcount(of: a)",
                "\(scopeEnded)",
                note: "\(change(from: beforeScopeEnd, to: scopeEnded)): only the name a is left"
            )
            withExtendedLifetime(a) {}
        }
        let freed = weakA == nil
        console.step("} // a goes out of scope", "weakA == nil", "\(freed)", note: "the count reached 0")
        console.step("", "deinit ran for", "\(log.names)", note: "its deinit hook ran: no collector involved")
    }
}
