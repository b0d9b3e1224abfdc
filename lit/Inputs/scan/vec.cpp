// A C++ translation unit compiled by g++: analysed with clang++-19.
void use(int *);
void fill(int n)
{
    for (int i = 0; i < n; i++) {
        int *p = new int[16];
        use(p);
        delete[] p;
    }
}
