extension String {
    /// The string as one word for a POSIX shell: unchanged when it has only characters no
    /// shell treats specially, otherwise in single quotes.
    var shellQuoted: String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,:=@%+")
        if !isEmpty, allSatisfy(plain.contains) {
            return self
        }
        return "'" + map { $0 == "'" ? "'\\''" : String($0) }.joined() + "'"
    }
}
