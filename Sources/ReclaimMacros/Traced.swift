@_exported import Reclaim

/// Generates the collector support of a type from its stored properties.
///
/// On a `GCObject` subclass, `@Traced` writes ``GCObject/traverse(_:)`` and
/// ``GCObject/clear()``; on a struct or an enum, a ``Traceable`` conformance, so the value
/// can be stored in a traced class (or a ``ReferenceFree`` one when it holds nothing to trace).
///
///     @Traced final class TreeNode: GCObject {
///         var parent: TreeNode?
///         var children: [TreeNode] = []
///         var name = ""
///         weak var cache: TreeNode?     // weak and unowned: not strong, skipped
///         @Untraced var owner: Root?    // skipped on purpose
///     }
///
/// What is traced: references to `GCObject`s and optionals of them; arrays, contiguous arrays,
/// sets and dictionaries (keys and values) of traceable values, nested to any depth; tuples
/// of them; and any type that conforms to ``Traceable`` (such as a `@Traced` struct or enum,
/// or a ``Callback``). Plain data (`Int`, `String`, `Date`, ... or any ``ReferenceFree`` type)
/// is skipped. Properties whose type is a generic parameter or an existential (`Any`,
/// `any P`) are checked at run time.
///
/// Storage that copies of a value share is counted once however many objects hold it: an
/// array's buffer, the box of an `indirect` enum case, the box of a large value in an `Any`.
/// A copy held anywhere else (a local, an untracked object) keeps what the storage reaches
/// alive, as it should. A collection's storage that only one property refers to costs nothing
/// extra when the generated `traverse` can pass the property `inout`, which reads it in place:
/// an array, set or dictionary (or an optional of one, as its type or initial value is
/// written) in a stored `var` without `willSet`/`didSet`, not `dynamic`, of a `final` class or
/// itself `final`, in a class no other macro (such as `@Observable`) is attached to. Any other
/// collection is read by value, and the copy makes its storage look shared while the
/// collector looks: still exact, but slower. So is a collection inside a struct or an enum
/// stored in a class: the struct or enum is read by value.
///
/// What `clear()` drops: optionals become `nil`, collections empty, `Traceable` values clear
/// themselves. An enum with a case without payload (`case none`) switches every case that
/// carries traced payloads to the first such case; an enum without one rebuilds the case with
/// its payloads cleared. `clear()` cannot drop a non-optional reference (`var next: Node`), a
/// `let`, or a non-optional payload of an enum without a payload-less case, and a cycle made
/// only of such references is never collected (its objects end up in `heap.garbage`). For
/// each non-optional `var`, `let` of a struct and such payload whose type can hold references
/// the compiler warns, naming the property or case: make it optional (an optional `var`),
/// give the enum a payload-less case, mark it ``Uncleared()`` when each cycle through it also
/// runs through a reference `clear()` drops, or ``Untraced()`` when it is never part of a
/// cycle. A class's `let`s need no warning: a `let` can only refer to objects that existed
/// before its holder, so no cycle is made only of `let`s, and every cycle through one also
/// runs through a `var` or an enum payload, which has its own check. (A struct's `let` is
/// checked because the struct can later be stored in a `var` of an older object.) A property
/// whose type is a generic parameter or an existential is cleared at run time (an optional
/// becomes `nil`, a value inside clears itself) and never warned about: a `GCObject` held
/// directly by a non-optional one stays.
///
/// Compile errors say how to fix a property the macro cannot trace: a type that is not
/// `Traceable` (conform it, or mark the property ``Untraced()``), a stored closure (store a
/// ``Callback``), a `lazy` property. A class whose properties hold nothing to trace gets no
/// `traverse`, so its instances are not tracked at all.
///
/// A subclass of a `@Traced` class can be `@Traced` too: its `traverse` and `clear` call the
/// superclass's first.
@attached(
    member,
    names: named(traverse),
    named(clear),
    named(traceReferences),
    named(clearReferences)
)
@attached(extension, conformances: Traceable, ReferenceFree)
public macro Traced() = #externalMacro(module: "ReclaimMacrosPlugin", type: "TracedMacro")

/// Excludes a stored property from the code `@Traced` generates.
///
/// Use it for a property that holds no strong reference to a `GCObject` but whose type the
/// macro cannot see into, or for a reference you deliberately keep out of the collector's
/// view (the object it points to then looks referenced from outside: it is never collected
/// through this path).
@attached(peer)
public macro Untraced() = #externalMacro(module: "ReclaimMacrosPlugin", type: "UntracedMacro")

/// Says that `clear()` leaving a reference in place is intended, which silences the warning
/// `@Traced` gives for a stored property or an enum case whose references `clear()` cannot
/// drop (a non-optional `var`, a struct's `let`, a non-optional payload of an enum without a
/// payload-less case). A class's `let`s need no `@Uncleared`: they are never warned about.
///
/// The property is traced as before. Use it when every cycle through the reference also runs
/// through one that `clear()` drops, such as a child's non-optional `var parent` when the
/// parent's `children` is a `var` array:
///
///     @Traced final class Child: GCObject {
///         @Uncleared var parent: Parent   // the cycle breaks when Parent.children empties
///     }
@attached(peer)
public macro Uncleared() = #externalMacro(module: "ReclaimMacrosPlugin", type: "UnclearedMacro")
