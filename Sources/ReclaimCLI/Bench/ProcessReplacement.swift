import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces the running process with another program (`execvp`), which inherits its standard
/// input, output and error, its signals and its exit status.
enum ProcessReplacement {
    /// Raised when the program cannot be started; the running process goes on.
    struct Failure: Error, CustomStringConvertible {
        let program: String
        let code: Int32

        var description: String {
            "could not run \(program): \(String(cString: strerror(code)))"
        }
    }

    /// Runs `program` with `arguments` in place of this process. A `program` without a slash
    /// is looked up on `PATH`. Returns only by throwing, when the program cannot be started.
    static func execute(_ program: String, _ arguments: [String]) throws -> Never {
        let argumentVector = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argumentVector.forEach { free($0) } }
        fflush(nil)
        execvp(program, argumentVector)
        throw Failure(program: program, code: errno)
    }
}
