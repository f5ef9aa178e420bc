namespace Tally.Core.Sketches;

public sealed partial class HyperLogLog
{
    // A sparse entry takes 4 bytes, a dense register 1: past m/4 entries dense is smaller.
    private int SparseCapacity => Parameters.RegisterCount / sizeof(uint);

    private static uint SparseEntry(int index, int value) => ((uint)index << 8) | (uint)value;

    private static int SparseIndex(uint entry) => (int)(entry >> 8);

    private static byte SparseValue(uint entry) => (byte)entry;

    private void RaiseSparseRegister(int index, int value)
    {
        // Entries sort by index (the high bits), so searching for (index, 0) finds the slot.
        int position = Array.BinarySearch(_entries, 0, _count, SparseEntry(index, 0));
        if (position < 0)
        {
            position = ~position;
        }
        if (position < _count && SparseIndex(_entries[position]) == index)
        {
            if (SparseValue(_entries[position]) < value)
            {
                _entries[position] = SparseEntry(index, value);
            }
            return;
        }
        if (_count == SparseCapacity)
        {
            Densify();
            _registers[index] = (byte)value;
            return;
        }
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Min(_entries.Length * 2, SparseCapacity));
        }
        Array.Copy(_entries, position, _entries, position + 1, _count - position);
        _entries[position] = SparseEntry(index, value);
        _count++;
    }

    /// <summary>
    /// Keeps this sketch's registers one byte each from now on (nothing changes while it holds exact
    /// hashes): 2^log2m bytes however few are filled, but every union into it is a register-wise maximum,
    /// with no sorted merging. Invisible in <see cref="Estimate"/> and <see cref="ToBytes"/>.
    /// </summary>
    public void UseDenseRegisters()
    {
        if (_kind == Representation.Sparse)
        {
            Densify();
        }
    }

    private void Densify()
    {
        var registers = new byte[Parameters.RegisterCount];
        CopyRegistersTo(registers);
        _registers = registers;
        _entries = [];
        _count = 0;
        _kind = Representation.Dense;
    }

    /// <summary>Writes every register (zeros included) of a sparse or dense sketch.</summary>
    private void CopyRegistersTo(Span<byte> registers)
    {
        if (_kind == Representation.Dense)
        {
            _registers.CopyTo(registers);
            return;
        }
        registers.Clear();
        foreach (uint entry in _entries.AsSpan(0, _count))
        {
            registers[SparseIndex(entry)] = SparseValue(entry);
        }
    }

    private int FilledRegisterCount() => _kind == Representation.Dense
        ? Parameters.RegisterCount - _registers.AsSpan().Count((byte)0)
        : _count;

    /// <summary>
    /// hll.c multiset_pack with the default max-sparse setting (-1, automatic): sparse when
    /// enabled and its bit length is strictly below the full form's.
    /// </summary>
    private bool UsesSparseStorage(int filled) =>
        Parameters.SparseEnabled
        && (long)filled * (Parameters.Log2M + Parameters.RegisterWidth) < (long)Parameters.RegisterCount * Parameters.RegisterWidth;

    /// <summary>Loads registers decoded from bytes, choosing sparse or dense by fill.</summary>
    private void LoadRegisters(byte[] registers)
    {
        int filled = registers.Length - registers.AsSpan().Count((byte)0);
        _hashes = [];
        if (filled > SparseCapacity)
        {
            _kind = Representation.Dense;
            _registers = registers;
            _entries = [];
            _count = 0;
            return;
        }
        _kind = Representation.Sparse;
        _registers = [];
        _entries = new uint[Math.Max(4, filled)];
        _count = 0;
        for (int index = 0; index < registers.Length; index++)
        {
            if (registers[index] != 0)
            {
                _entries[_count++] = SparseEntry(index, registers[index]);
            }
        }
    }
}
