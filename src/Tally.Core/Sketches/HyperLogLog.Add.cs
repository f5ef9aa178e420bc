using System.Buffers;
using System.Numerics;
using Utf8 = System.Text.Encoding;

namespace Tally.Core.Sketches;

public sealed partial class HyperLogLog
{
    // Strings up to this many UTF-8 bytes are encoded on the stack; longer ones rent a buffer.
    private const int StackEncodeLimit = 256;

    /// <summary>
    /// postgresql-hll's <c>hll_hash_bytea</c> / <c>hll_hash_text</c> with seed 0: MurmurHash3
    /// x64 128 of the bytes, first 64 bits as a signed integer.
    /// </summary>
    public static long HashOf(ReadOnlySpan<byte> bytes) => unchecked((long)MurmurHash3.Hash128(bytes).H1);

    /// <summary><see cref="HashOf(ReadOnlySpan{byte})"/> of the string's UTF-8 bytes, as <c>hll_hash_text</c> in a UTF-8 database.</summary>
    public static long HashOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int maxBytes = Utf8.UTF8.GetMaxByteCount(text.Length);
        if (maxBytes <= StackEncodeLimit)
        {
            Span<byte> buffer = stackalloc byte[StackEncodeLimit];
            return HashOf(buffer[..Utf8.UTF8.GetBytes(text, buffer)]);
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            return HashOf(rented.AsSpan(0, Utf8.UTF8.GetBytes(text, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Adds a value given as bytes (UTF-8 for text), hashed like <c>hll_hash_bytea</c>.</summary>
    public void Add(ReadOnlySpan<byte> utf8) => AddHash(HashOf(utf8));

    /// <summary>Adds a string, hashed like <c>hll_hash_text</c>.</summary>
    public void Add(string text) => AddHash(HashOf(text));

    /// <summary>Adds an already hashed value, as <c>hll_add(sketch, hll_hashval)</c>.</summary>
    public void AddHash(long hash)
    {
        switch (_kind)
        {
            case Representation.Empty:
                if (Parameters.ExplicitLimit == 0)
                {
                    StartRegisters(expectedFilled: 1);
                    AddToRegisters(hash);
                }
                else
                {
                    _kind = Representation.Explicit;
                    _hashes = new long[Math.Min(4, Parameters.ExplicitLimit)];
                    _hashes[0] = hash;
                    _count = 1;
                }
                break;
            case Representation.Explicit:
                AddExplicit(hash);
                break;
            default:
                AddToRegisters(hash);
                break;
        }
    }

    private void AddExplicit(long hash)
    {
        int position = Array.BinarySearch(_hashes, 0, _count, hash);
        if (position >= 0)
        {
            return;
        }
        if (_count == Parameters.ExplicitLimit)
        {
            PromoteToRegisters();
            AddToRegisters(hash);
            return;
        }
        if (_count == _hashes.Length)
        {
            Array.Resize(ref _hashes, Math.Min(_hashes.Length * 2, Parameters.ExplicitLimit));
        }
        position = ~position;
        Array.Copy(_hashes, position, _hashes, position + 1, _count - position);
        _hashes[position] = hash;
        _count++;
    }

    private void PromoteToRegisters()
    {
        long[] hashes = _hashes;
        int count = _count;
        StartRegisters(expectedFilled: count);
        foreach (long hash in hashes.AsSpan(0, count))
        {
            AddToRegisters(hash);
        }
    }

    /// <summary>Switches to (empty) registers, sparse when the expected fill is small.</summary>
    private void StartRegisters(int expectedFilled)
    {
        _hashes = [];
        _count = 0;
        if (expectedFilled <= SparseCapacity)
        {
            _kind = Representation.Sparse;
            _entries = new uint[Math.Max(4, Math.Min(expectedFilled, SparseCapacity))];
        }
        else
        {
            _kind = Representation.Dense;
            _registers = new byte[Parameters.RegisterCount];
        }
    }

    private void AddToRegisters(long hash)
    {
        var (index, value) = RegisterOf(hash);
        RaiseRegister(index, value);
    }

    private (int Index, int Value) RegisterOf(long hash)
    {
        // hll.c compressed_add: low log2m bits pick the register; the value is one more than
        // the number of trailing zeros of the remaining bits (0 when they are all zero), capped.
        ulong bits = unchecked((ulong)hash);
        int index = (int)(bits & (ulong)(Parameters.RegisterCount - 1));
        ulong rest = bits >> Parameters.Log2M;
        int value = rest == 0 ? 0 : Math.Min(BitOperations.TrailingZeroCount(rest) + 1, Parameters.MaxRegisterValue);
        return (index, value);
    }

    private void RaiseRegister(int index, int value)
    {
        if (value == 0)
        {
            return;
        }
        if (_kind == Representation.Dense)
        {
            if (_registers[index] < value)
            {
                _registers[index] = (byte)value;
            }
            return;
        }
        RaiseSparseRegister(index, value);
    }
}
