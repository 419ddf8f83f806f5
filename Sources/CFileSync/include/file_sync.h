#ifndef VITALITY_FILE_SYNC_H
#define VITALITY_FILE_SYNC_H

/// Makes every file of the file system that holds the open file or folder `fd` durable
/// (Linux `syncfs`), in one flush of the disk's cache instead of one per file. Returns 0, or
/// -1 with errno set (ENOSYS where the system has no such call: then sync each file).
int vitality_sync_file_system(int fd);

/// Asks the kernel to start writing `length` bytes of `fd` from `offset` to disk without
/// waiting (Linux `sync_file_range` with SYNC_FILE_RANGE_WRITE), so that a later sync finds
/// less to do. Only a hint: durability still comes from the sync. Returns 0 or -1 with errno.
int vitality_start_writeback(int fd, long long offset, long long length);

/// Turns direct I/O (Linux `O_DIRECT`: writes go from the caller's memory to the disk, not
/// through the page cache) on or off for `fd`. Returns 0, or -1 with errno set (EINVAL where
/// the file system has no direct I/O, ENOSYS off Linux).
int vitality_direct_io(int fd, int on);

#endif
