extension GraphDescription {
    /// The graph `reclaim explain` draws when no file is given, in the file format, so
    /// `reclaim explain --example` prints a starting point for one's own.
    static let exampleText = """
        # reclaim explain: the built-in example, a document editor's objects.
        # Edit a copy and run `reclaim explain FILE`. The format:
        #   node NAME [: TYPE]          an object
        #   NAME -> NAME                a strong reference;  NAME ~> NAME  a weak one
        #   outside -> NAME             a variable outside the graph holds NAME (a root)
        #   finalizer NAME [resurrects] NAME has a finalizer (that stores NAME globally)

        node app: App
        node document: Document
        node page1: Page
        node page2: Page
        node editor: Editor
        node session: Session
        node buffer: Buffer
        node plugin: Plugin
        node hook: Hook
        node scratch: Scratch

        outside -> app            # the program's variable: the only root
        app -> document
        document -> page1         # pages point back at their document:
        document -> page2         # cycles, but reachable from app
        page1 -> document
        page2 -> document

        editor -> session         # a closed editor and its session keep each other alive
        session -> editor
        session -> buffer         # buffer is in no cycle; only the garbage holds it
        app ~> editor             # the app watches the editor through a weak reference
        finalizer buffer

        plugin -> hook            # the plugin's finalizer registers it again
        hook -> plugin
        finalizer plugin resurrects

        outside ~> scratch        # nothing holds scratch strongly: ARC frees it at once
        """

    /// The parsed built-in example.
    static var example: GraphDescription {
        do {
            return try GraphDescription(parsing: exampleText, source: "the built-in example")
        } catch {
            fatalError("the built-in example graph does not parse: \(error)")
        }
    }
}
