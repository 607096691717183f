/// A reference whose ownership the program manages by hand (`Unmanaged`): it may have been
/// retained with `passRetained` and so be strong, or not. A `GCObject` found in one can be
/// neither flagged as reported-but-not-held nor as missed.
protocol ManuallyRetainedReference {}

extension Unmanaged: ManuallyRetainedReference {}
