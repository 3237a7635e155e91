//go:build !unix

package fsroot

// nonBlock is not needed where named pipes are not files in a directory.
const nonBlock = 0
