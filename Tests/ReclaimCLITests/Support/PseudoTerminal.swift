import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pseudo-terminal pair: a child process writes to the replica side, which is a terminal
/// for `isatty`, and the test reads what it wrote from the controller side.
final class PseudoTerminal {
    /// Raised when the system cannot provide a pseudo-terminal.
    struct Unavailable: Error, CustomStringConvertible {
        let call: String
        let code: Int32

        var description: String {
            "\(call) failed with errno \(code)"
        }
    }

    private let controller: Int32
    private var replica: Int32 = -1

    init() throws {
        controller = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard controller >= 0 else {
            throw Unavailable(call: "open(/dev/ptmx)", code: errno)
        }
        do {
            let path = try Self.unlockReplica(of: controller)
            replica = open(path, O_RDWR | O_NOCTTY)
            guard replica >= 0 else {
                throw Unavailable(call: "open(\(path))", code: errno)
            }
        } catch {
            close(controller)
            throw error
        }
    }

    #if os(Linux)
        /// Unlocks the replica of `controller` and returns its path. `posix_openpt`, `unlockpt`
        /// and `ptsname` are not exported by the `Glibc` module, so this uses their ioctls:
        /// `TIOCSPTLCK` and `TIOCGPTN` from `<asm-generic/ioctls.h>`.
        private static func unlockReplica(of controller: Int32) throws -> String {
            let setLock: UInt = 0x4004_5431
            let getNumber: UInt = 0x8004_5430
            var locked: Int32 = 0
            var number: UInt32 = 0
            guard ioctl(controller, setLock, &locked) == 0, ioctl(controller, getNumber, &number) == 0 else {
                throw Unavailable(call: "ioctl(TIOCSPTLCK/TIOCGPTN)", code: errno)
            }
            return "/dev/pts/\(number)"
        }
    #else
        /// Unlocks the replica of `controller` and returns its path.
        private static func unlockReplica(of controller: Int32) throws -> String {
            guard grantpt(controller) == 0, unlockpt(controller) == 0, let name = ptsname(controller) else {
                throw Unavailable(call: "grantpt/unlockpt/ptsname", code: errno)
            }
            return String(cString: name)
        }
    #endif

    deinit {
        closeReplica()
        close(controller)
    }

    /// A handle on the replica side to give to a child process; it stays owned by this object.
    var replicaHandle: FileHandle {
        FileHandle(fileDescriptor: replica, closeOnDealloc: false)
    }

    /// Closes this process's copy of the replica, so that reading ends when the child exits.
    func closeReplica() {
        if replica >= 0 {
            close(replica)
            replica = -1
        }
    }

    /// Reads everything written to the terminal until every copy of the replica is closed.
    func readUntilClosed() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(controller, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: buffer[0..<count])
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
