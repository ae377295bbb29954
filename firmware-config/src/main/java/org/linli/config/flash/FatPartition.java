package org.linli.config.flash;

/**
 * Where the FAT boot file system lies in an image: byte offset and size, and a description for messages
 * ("partition 1, type 0x0c FAT32 LBA" or "whole image, no partition table").
 */
public record FatPartition(long offset, long size, String description) {
}
