// An MSBuild task, compiled by RoslynCodeTaskFactory (see Directory.Build.targets).
//
// Why: libLibTorchSharp.so 0.107.0 was linked with GCC 13 and asks for the symbol version
// GLIBCXX_3.4.32 for exactly one symbol, std::ios_base_library_init(), which GCC 13's <iostream>
// only references to force libstdc++ to link and never calls. Debian 12's libstdc++ stops at
// GLIBCXX_3.4.30, so the dynamic loader refuses the whole library. Setting VER_FLG_WEAK on that one
// Elf64_Vernaux entry turns the hard failure into a warning; nothing else in the file changes.
// Systems whose libstdc++ has GLIBCXX_3.4.32 (Debian 13, Ubuntu 24.04) are left untouched.
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenGlibcxxRequirement : Task
{
    const string Version = "GLIBCXX_3.4.32";
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    [Required]
    public string Folder { get; set; } = "";

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !Directory.Exists(Folder) || SystemLibstdcxxHasVersion())
            return true;
        foreach (var path in Directory.EnumerateFiles(Folder, "libLibTorchSharp.so", SearchOption.AllDirectories))
        {
            try
            {
                if (MarkWeak(path))
                    Log.LogMessage(MessageImportance.High, $"Marked {Version} weak in {path} (system libstdc++ lacks it).");
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogError($"Could not patch {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    static bool SystemLibstdcxxHasVersion()
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        };
        var needle = Encoding.ASCII.GetBytes(Version + "\0");
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
                return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
        }
        return true; // No libstdc++ where we know to look: not a system we should touch.
    }

    /// <summary>Returns true when the file was changed, false when it needed nothing.</summary>
    static bool MarkWeak(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian ELF64 file");

        var sectionTable = (long)BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3A), count = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < count; i++)
        {
            var header = (int)(sectionTable + (long)i * entrySize);
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed)
                continue;
            var offset = (int)BitConverter.ToUInt64(elf, header + 0x18);
            var strings = (int)BitConverter.ToUInt64(elf, (int)(sectionTable + (long)BitConverter.ToUInt32(elf, header + 0x28) * entrySize) + 0x18);
            var needs = BitConverter.ToUInt32(elf, header + 0x2C);
            return MarkWeakInVerneed(elf, offset, strings, needs) && Save(path, elf);
        }
        return false;
    }

    static bool MarkWeakInVerneed(byte[] elf, int verneed, int strings, uint needs)
    {
        var changed = false;
        for (var n = 0; n < needs; n++)
        {
            var aux = verneed + (int)BitConverter.ToUInt32(elf, verneed + 8);
            for (var a = 0; a < BitConverter.ToUInt16(elf, verneed + 2); a++)
            {
                var flags = BitConverter.ToUInt16(elf, aux + 4);
                if (ReadString(elf, strings + (int)BitConverter.ToUInt32(elf, aux + 8)) == Version && (flags & VerFlgWeak) == 0)
                {
                    BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, aux + 4);
                    changed = true;
                }
                aux += (int)BitConverter.ToUInt32(elf, aux + 12);
            }
            verneed += (int)BitConverter.ToUInt32(elf, verneed + 12);
        }
        return changed;
    }

    // RoslynCodeTaskFactory compiles against netstandard2.0: no spans here.
    static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
                j++;
            if (j == needle.Length)
                return i;
        }
        return -1;
    }

    static string ReadString(byte[] elf, int start)
    {
        var end = Array.IndexOf(elf, (byte)0, start);
        return Encoding.ASCII.GetString(elf, start, end - start);
    }

    static bool Save(string path, byte[] elf)
    {
        // Write beside and rename, so a hard-linked copy elsewhere (e.g. the NuGet cache) is never changed.
        var temp = path + ".weak";
        File.WriteAllBytes(temp, elf);
        File.Delete(path);
        File.Move(temp, path);
        return true;
    }
}
